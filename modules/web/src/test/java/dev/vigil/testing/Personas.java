package dev.vigil.testing;

import dev.vigil.testing.Http.Auth;

/**
 * The people and apps every black-box test uses: the bootstrap {@code admin}, a member
 * {@code bob}, and two apps, {@code alpha} and {@code beta}, each with a live key.
 */
public record Personas(Auth admin, Auth member, App alpha, App beta) {

    public static final String ADMIN_PASSWORD = "blackbox-admin-password";
    static final String MEMBER = "bob";
    static final String MEMBER_PASSWORD = "bobs-long-password";

    /** An app as the tests know it: its id, its key's id, and the key. */
    public record App(String id, String keyId, String apiKey) {

        public Auth auth() {
            return Auth.bearer(apiKey);
        }
    }

    static Personas create(Http http) {
        Auth admin = Auth.basic("admin", ADMIN_PASSWORD);
        expect(http.postJson("api/v1/admin/users", admin, "{\"username\":\"" + MEMBER + "\",\"password\":\""
                + MEMBER_PASSWORD + "\",\"role\":\"member\"}"), 201);
        return new Personas(admin, Auth.basic(MEMBER, MEMBER_PASSWORD), app(http, admin, "alpha"),
                app(http, admin, "beta"));
    }

    public static App app(Http http, Auth admin, String name) {
        var created = expect(http.postJson("api/v1/admin/apps", admin, "{\"name\":\"" + name + "\"}"), 201).json();
        String id = created.getString("id");
        var view = expect(http.get("api/v1/admin/apps/" + id, admin), 200).json();
        return new App(id, view.getJsonArray("keys").getJsonObject(0).getString("keyId"),
                created.getString("apiKey"));
    }

    static Http.Reply expect(Http.Reply reply, int status) {
        if (reply.status() != status) {
            throw new IllegalStateException("expected " + status + " but got " + reply);
        }
        return reply;
    }
}
