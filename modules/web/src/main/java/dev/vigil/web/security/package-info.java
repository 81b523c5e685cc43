/**
 * Who is calling and what they may reach: the authentication mechanism (app keys, user logins),
 * the database identity store, and the one access policy below every resource.
 */
package dev.vigil.web.security;
