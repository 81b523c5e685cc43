/** Benchmarks: Vigil's components against the reference systems, on the same database, in one run. */
module dev.vigil.bench {
    requires dev.vigil.limits;
    requires java.sql;
    requires org.postgresql.jdbc; // COPY in the telemetry ceiling
    requires com.zaxxer.hikari;
    requires liquibase.core;
    requires io.github.bucket4j.core;
    requires io.github.bucket4j.postgresql;
    requires com.github.kagkarlsson.scheduler; // automatic module (Automatic-Module-Name of db-scheduler 16.7.1)
    requires java.logging;
    requires java.net.http;
    requires jdk.httpserver;
}
