-- first
CREATE TABLE a (x INT);
CREATE TABLE b (y INT);
