package dev.postern.controller;

/** Writing and sending mail. */
public interface Composing {
    /** Writing and sending mail, or null when this controller cannot send (tests, demo). */
    default dev.postern.compose.Outgoing outgoing() { return null; }
}
