/** Members and admins: the people who log in to Vigil, and the first admin created at start-up. */
package dev.vigil.identity.internal.users;
