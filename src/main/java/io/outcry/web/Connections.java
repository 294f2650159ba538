package io.outcry.web;

import java.time.Duration;

/**
 * What one client may hold of the server: connections per address (trusted proxies are exempt), how long a request
 * may take to send its headers, and how long a connection may stay silent.
 */
public record Connections(int perAddress, Duration headerTimeout, Duration idleTimeout) {}
