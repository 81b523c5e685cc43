package dev.vigil.testing;

import dev.vigil.testing.Http.Auth;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Many bad logins for one user from one client address at once, spread over one or more servers:
 * how many of each status came back. With the failure wall counted before the check, at most the
 * limit of them may ever be answered {@code 401}.
 */
public final class LoginStorm {

    private LoginStorm() {
    }

    public static Map<Integer, Integer> send(List<Http> servers, String user, String address, int attempts,
                                             int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            String header = ((Auth.Header) Auth.basic(user, "not-the-password")).value();
            for (int i = 0; i < attempts; i++) {
                Http http = servers.get(i % servers.size());
                answers.add(CompletableFuture.supplyAsync(() -> http.send("GET", "api/v1/me", Auth.NONE, null,
                        HttpRequest.BodyPublishers.noBody(), Map.of("Authorization", header, "X-Forwarded-For", address))
                        .status(), pool));
            }
            Map<Integer, Integer> statuses = new TreeMap<>();
            answers.forEach(answer -> statuses.merge(answer.join(), 1, Integer::sum));
            return statuses;
        } finally {
            pool.shutdown();
        }
    }
}
