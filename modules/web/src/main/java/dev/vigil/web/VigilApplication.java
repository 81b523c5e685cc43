package dev.vigil.web;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** Every REST resource of Vigil lives under {@code /api}. */
@ApplicationPath("/api")
@OpenAPIDefinition(info = @Info(title = "Vigil API", version = "1",
        description = "Reliability operations hub: apps report, Vigil watches, operators decide."))
@SecurityScheme(securitySchemeName = VigilApplication.APP_KEY, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "An app's API key: Authorization: Bearer vgl_...")
@SecurityScheme(securitySchemeName = VigilApplication.USER_LOGIN, type = SecuritySchemeType.HTTP, scheme = "basic",
        description = "A member's or admin's username and password (HTTP Basic); or the admin UI's session"
                + " cookie vigil_session from POST /api/v1/session, with X-CSRF-Token on every change.")
@SecurityScheme(securitySchemeName = VigilApplication.ADMIN_LOGIN, type = SecuritySchemeType.HTTP, scheme = "basic",
        description = "An admin's username and password (members are refused).")
@SecurityScheme(securitySchemeName = VigilApplication.WEBHOOK_SIGNATURE, type = SecuritySchemeType.APIKEY,
        in = SecuritySchemeIn.HEADER, apiKeyName = "X-Vigil-Signature",
        description = "A webhook provider's HMAC-SHA256 signature of the raw body: X-Vigil-Signature (t=..,v1=..),"
                + " X-Hub-Signature-256 (GitHub) or X-Slack-Signature with X-Slack-Request-Timestamp (Slack),"
                + " per the source's scheme.")
public class VigilApplication extends Application {

    /** OpenAPI security scheme of endpoints apps call. */
    public static final String APP_KEY = "appKey";
    /** OpenAPI security scheme of endpoints members and admins call. */
    public static final String USER_LOGIN = "userLogin";
    /** OpenAPI security scheme of endpoints outside {@code /api/v1/admin} that admins call and members may not. */
    public static final String ADMIN_LOGIN = "adminLogin";
    /** OpenAPI security scheme of signed inbound webhooks. */
    public static final String WEBHOOK_SIGNATURE = "webhookSignature";
}
