/** The alerting tables as JPA entities, read and changed by admins only through {@link dev.vigil.alerting.internal.data.AlertingData}. */
package dev.vigil.alerting.internal.data;
