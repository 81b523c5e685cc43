/** Issue reports: validation, redaction, grouping, storage, reading, triage, export and daily counts. */
package dev.vigil.intake.internal.issues;
