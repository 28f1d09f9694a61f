package io.tenantstore.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.tenantstore.ErrorCode;
import io.tenantstore.StoreException;

class UnprivilegedUserTest {

    private static final List<String> PASSWD = List.of(
            "root:x:0:0:root:/root:/bin/bash",
            "broken:x:abc:1::/:/bin/false",
            "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin");

    private final UnprivilegedUser nobody = new UnprivilegedUser("nobody", 65534, 65534);

    @Test
    void findsTheAccountInPasswdLines() {
        assertThat(UnprivilegedUser.fromPasswd(PASSWD, "nobody")).contains(nobody);
    }

    @Test
    void aMissingOrMalformedAccountIsEmpty() {
        assertThat(UnprivilegedUser.fromPasswd(PASSWD, "postgres")).isEmpty();
        assertThat(UnprivilegedUser.fromPasswd(PASSWD, "broken")).isEmpty();
        assertThat(UnprivilegedUser.fromPasswd(PASSWD, "nob")).isEmpty();
    }

    @Test
    void prefersSetprivWithNumericIdsAndNoSupplementaryGroups() {
        assertThat(nobody.commandPrefix(path -> true))
                .containsExactly("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--");
    }

    @Test
    void fallsBackToRunuser() {
        assertThat(nobody.commandPrefix(path -> path.equals(Path.of("/sbin/runuser"))))
                .containsExactly("/sbin/runuser", "-u", "nobody", "--");
    }

    @Test
    void withNeitherToolItSaysWhatToInstall() {
        assertThatThrownBy(() -> nobody.commandPrefix(path -> false))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIGURATION))
                .hasMessageContaining("setpriv")
                .hasMessageContaining("runuser");
    }

    @Test
    void lookupReadsTheRealPasswdFile() {
        // root is in every passwd file; its id is the one thing certain about it
        assertThat(UnprivilegedUser.lookup("root").uid()).isZero();
    }
}
