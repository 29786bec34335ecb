package dev.postern.model;

/** Transport security of a connection. STARTTLS means required: no credentials without it. */
public enum Security { TLS, STARTTLS, PLAIN }
