package dev.vigil.web.problem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Problem;
import dev.vigil.kernel.api.VigilException;
import jakarta.json.bind.JsonbException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    @Test
    void aVigilExceptionAnywhereInTheChainWins() {
        var wrapped = new RuntimeException(new JsonbException("x",
                new VigilException(ErrorCode.PAYLOAD_TOO_LARGE, "too big")));
        assertThat(FailureClassifier.classify(wrapped)).map(Problem::code).contains("payload_too_large");
    }

    @Test
    void jsonFailuresAreInvalidJson() {
        assertThat(FailureClassifier.classify(new RuntimeException(new JsonbException("bad"))))
                .map(Problem::code).contains("invalid_json");
    }

    @Test
    void connectionFailuresAreDependencyUnavailable() {
        assertThat(FailureClassifier.classify(new RuntimeException(new SQLException("refused", "08001"))))
                .map(Problem::code).contains("dependency_unavailable");
        assertThat(FailureClassifier.isDatabaseUnavailable(new SQLTransientConnectionException("pool"))).isTrue();
        assertThat(FailureClassifier.isDatabaseUnavailable(new SQLException("syntax", "42601"))).isFalse();
    }

    @Test
    void aCharsetNoDecoderKnowsIsABadRequest() {
        for (Throwable unreadable : java.util.List.of(new java.io.UnsupportedEncodingException("bogus"),
                new java.nio.charset.UnsupportedCharsetException("x-bogus"),
                new java.nio.charset.IllegalCharsetNameException("b o g u s"))) {
            assertThat(FailureClassifier.classify(new RuntimeException(unreadable)).orElseThrow().code())
                    .isEqualTo("invalid_request");
        }
    }

    @Test
    void uniqueViolationsAreConflicts() {
        Problem problem = FailureClassifier.classify(new SQLException("dup", "23505")).orElseThrow();
        assertThat(problem.code()).isEqualTo("invalid_request");
        assertThat(problem.status()).isEqualTo(409);
    }

    @Test
    void lostLockRacesAreRetryableNotInternalErrors() {
        // H2's lock timeout, PostgreSQL's lock_not_available and deadlock_detected, inside a JPA-style wrapper.
        for (String state : new String[] {"HYT00", "55P03", "40P01", "40001"}) {
            Problem problem = FailureClassifier.classify(new RuntimeException(new SQLException("lock", state)))
                    .orElseThrow();
            assertThat(problem.code()).as(state).isEqualTo("dependency_unavailable");
            assertThat(problem.status()).as(state).isEqualTo(503);
        }
    }

    @Test
    void anythingElseIsUnclassified() {
        assertThat(FailureClassifier.classify(new IllegalStateException("boom"))).isEmpty();
    }
}
