package dev.vigil.web.problem;

import dev.vigil.kernel.api.Problem;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/** Problem bodies for the places outside JAX-RS that write responses themselves. */
public final class ProblemJson {

    private static final Jsonb JSON = JsonbBuilder.create();

    private ProblemJson() {
    }

    public static String write(Problem problem) {
        return JSON.toJson(problem);
    }
}
