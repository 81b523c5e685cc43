package dev.vigil.limits.internal.idempotency;

/** A request that carries a key nobody has used yet in its scope; handed from the filter to the interceptor. */
record IdempotentRequest(String scope, String key, String fingerprint) {

    static final String ATTRIBUTE = IdempotentRequest.class.getName();
}
