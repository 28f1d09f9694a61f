package io.tenantstore.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class OnceTest {

    @Test
    void computesOnceAndKeepsTheValue() {
        AtomicInteger calls = new AtomicInteger();
        Once<String> once = new Once<>(() -> "v" + calls.incrementAndGet());

        assertThat(once.isDone()).isFalse();
        assertThat(once.get()).isEqualTo("v1");
        assertThat(once.get()).isEqualTo("v1");
        assertThat(once.isDone()).isTrue();
        assertThat(calls).hasValue(1);
    }

    @Test
    void aFailureIsNotKept() {
        AtomicInteger calls = new AtomicInteger();
        Once<String> once = new Once<>(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("first try fails");
            }
            return "ok";
        });

        assertThatThrownBy(once::get).hasMessage("first try fails");
        assertThat(once.isDone()).isFalse();
        assertThat(once.get()).isEqualTo("ok");
    }
}
