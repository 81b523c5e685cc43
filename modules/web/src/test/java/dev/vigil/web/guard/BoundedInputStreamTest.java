package dev.vigil.web.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class BoundedInputStreamTest {

    static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    private static BoundedInputStream over(int size, long limit) {
        return new BoundedInputStream(new ByteArrayInputStream(new byte[size]), limit, TooLarge::new);
    }

    @Test
    void bodiesUpToTheLimitAreReadWhole() throws IOException {
        assertThat(over(100, 100).readAllBytes()).hasSize(100);
    }

    @Test
    void oneByteOverTheLimitFails() {
        assertThatThrownBy(() -> over(101, 100).readAllBytes()).isInstanceOf(TooLarge.class);
    }

    @Test
    void singleByteReadsAreCountedToo() {
        BoundedInputStream in = over(3, 2);
        assertThatThrownBy(() -> {
            while (in.read() >= 0) {
                // keep reading
            }
        }).isInstanceOf(TooLarge.class);
    }
}
