/** The cheapest endpoint: reachability for clients and load balancers, rate limited per client. */
package dev.vigil.web.ping;
