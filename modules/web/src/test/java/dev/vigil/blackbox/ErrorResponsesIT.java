package dev.vigil.blackbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.testing.BlackBox;
import dev.vigil.testing.Http;
import dev.vigil.testing.Http.Auth;
import dev.vigil.testing.Http.Reply;
import dev.vigil.testing.Personas;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every failure is a problem+json response with a taxonomy code; no HTML, no stack traces. */
@ExtendWith(BlackBox.class)
class ErrorResponsesIT {

    private final Http http = BlackBox.http();
    private final Personas personas = BlackBox.personas();

    private static Reply assertProblem(Reply reply, int status, String code) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(reply.header("X-Vigil-Error-Code")).contains(code);
        assertThat(reply.code()).isEqualTo(code);
        assertThat(reply.json().getInt("status")).isEqualTo(status);
        assertThat(reply.body()).doesNotContain("Exception", "\tat ", "eclipse", "ibm", "Liberty", "<html");
        return reply;
    }

    @Test
    void malformedJsonIsInvalidJson() {
        assertProblem(http.postJson("api/v1/admin/apps", personas.admin(), "{\"name\":"), 400, "invalid_json");
        assertProblem(http.postJson("api/v1/admin/apps", personas.admin(), "[1,2"), 400, "invalid_json");
    }

    @Test
    void invalidFieldsAreNamed() {
        Reply reply = assertProblem(http.postJson("api/v1/admin/apps", personas.admin(), "{\"name\":\"\"}"),
                400, "invalid_request");
        assertThat(reply.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("name");
        assertProblem(http.postJson("api/v1/admin/apps", personas.admin(), "{}"), 400, "invalid_request");
        assertProblem(http.postJson("api/v1/admin/apps", personas.admin(), "null"), 400, "invalid_request");
    }

    @Test
    void unknownPathsAreNotFound() {
        assertProblem(http.get("api/v1/nothing-here", personas.admin()), 404, "not_found");
        assertProblem(http.get("nothing-here", Auth.NONE), 404, "not_found");
        assertProblem(http.get("api/v1/admin/apps/" + java.util.UUID.randomUUID(), personas.admin()), 404,
                "not_found");
    }

    @Test
    void wrongMethodIsMethodNotAllowed() {
        Reply reply = assertProblem(http.send("PUT", "api/v1/me", personas.admin(), "application/json",
                HttpRequest.BodyPublishers.ofString("{}")), 405, "method_not_allowed");
        assertThat(reply.header("Allow")).hasValueSatisfying(allow -> assertThat(allow).contains("GET"));
    }

    @Test
    void wrongMediaTypeIsUnsupported() {
        assertProblem(http.send("POST", "api/v1/admin/apps", personas.admin(), "text/plain",
                HttpRequest.BodyPublishers.ofString("name=x")), 415, "unsupported_media_type");
    }

    @Test
    void oversizedBodiesAreRefusedWithOrWithoutALength() {
        byte[] big = ("{\"name\":\"" + "x".repeat(1_200_000) + "\"}").getBytes();
        assertProblem(http.send("POST", "api/v1/admin/apps", personas.admin(), "application/json",
                HttpRequest.BodyPublishers.ofByteArray(big)), 413, "payload_too_large");
        assertProblem(http.send("POST", "api/v1/admin/apps", personas.admin(), "application/json",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big))), 413,
                "payload_too_large");
        // An issue report is read by the JSON guard itself (one parse): the limit holds there too.
        byte[] report = ("{\"summary\":\"" + "x".repeat(1_200_000) + "\"}").getBytes();
        assertProblem(http.send("POST", "api/v1/issues", personas.alpha().auth(), "application/json",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(report))), 413,
                "payload_too_large");
    }

    @Test
    void credentialsAreRequiredAndChecked() {
        Reply missing = assertProblem(http.get("api/v1/me", Auth.NONE), 401, "unauthorized");
        assertThat(missing.header("WWW-Authenticate")).isPresent();
        assertProblem(http.get("api/v1/me", Auth.basic("admin", "wrong-password")), 401, "unauthorized");
        assertProblem(http.get("api/v1/me", Auth.bearer("vgl_notakey")), 401, "unauthorized");
        assertProblem(http.get("api/v1/me", new Auth.Header("Digest abc")), 401, "unauthorized");
        assertProblem(http.get("api/v1/me", new Auth.Header("Basic !!notbase64")), 401, "unauthorized");
    }

    @Test
    void rolesAreEnforced() {
        assertProblem(http.get("api/v1/admin/audit", personas.member()), 403, "forbidden");
        assertProblem(http.get("api/v1/admin/audit", personas.alpha().auth()), 403, "forbidden");
    }
}
