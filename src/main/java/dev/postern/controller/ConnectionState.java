package dev.postern.controller;

/**
 * An account's link as the reader shows it. REFUSED: offline because the server refused the credentials; postern does
 * not log in again by itself until the user acts ({@link LoginGate}).
 */
public enum ConnectionState { UNKNOWN, CONNECTING, ONLINE, OFFLINE, REFUSED }
