/** The Slack (and Mattermost) incoming-webhook channel: Block Kit. */
package dev.vigil.alerting.internal.channels.slack;
