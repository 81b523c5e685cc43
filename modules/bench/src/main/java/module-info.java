/** Benchmarks: Vigil's components against the reference systems, on the same database, in one run. */
module dev.vigil.bench {
    requires dev.vigil.limits;
    requires java.sql;
    requires com.zaxxer.hikari;
    requires liquibase.core;
    requires io.github.bucket4j.core;
    requires io.github.bucket4j.postgresql;
}
