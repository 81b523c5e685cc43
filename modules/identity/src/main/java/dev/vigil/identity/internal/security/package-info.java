/**
 * Who is calling: the authentication mechanism (app keys, user logins), the database identity
 * store, the password hashing, and the {@code Caller} of the current request.
 */
package dev.vigil.identity.internal.security;
