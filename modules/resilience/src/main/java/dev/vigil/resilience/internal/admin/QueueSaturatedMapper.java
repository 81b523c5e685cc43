package dev.vigil.resilience.internal.admin;

import dev.vigil.kernel.api.ErrorCode;
import dev.vigil.kernel.api.Problem;
import dev.vigil.resilience.api.QueueSaturated;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A call that would queue past a kind's cap: {@code 503 queue_saturated} with {@code Retry-After}. */
@Provider
public class QueueSaturatedMapper implements ExceptionMapper<QueueSaturated> {

    @Override
    public Response toResponse(QueueSaturated saturated) {
        ErrorCode code = saturated.code();
        return Response.status(code.status()).type(Problem.MEDIA_TYPE).header(ErrorCode.HEADER, code.code())
                .header("Retry-After", Long.toString(saturated.retryAfterSeconds()))
                .entity(Problem.of(code, saturated.getMessage(), null)).build();
    }
}
