/** The audit log of admin actions; ops data, readable by admins only. */
package dev.vigil.web.audit;
