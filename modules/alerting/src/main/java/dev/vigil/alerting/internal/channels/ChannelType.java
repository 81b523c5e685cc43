package dev.vigil.alerting.internal.channels;

import java.util.Optional;

/** The kinds of channel, by the name the admin API uses. */
public enum ChannelType {
    /** Vigil's generic webhook: the message as JSON, signed with {@code X-Vigil-Signature}. */
    WEBHOOK("webhook"),
    /** A Slack incoming webhook (Block Kit), also Mattermost's Slack-compatible one. */
    SLACK("slack");

    private final String value;

    ChannelType(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Optional<ChannelType> parse(String value) {
        for (ChannelType type : values()) {
            if (type.value.equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
