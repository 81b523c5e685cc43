/** Test support shared by every suite: the database under test, deployments, personas, HTTP. */
package dev.vigil.testing;
