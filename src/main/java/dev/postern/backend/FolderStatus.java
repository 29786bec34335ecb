package dev.postern.backend;

/** What SELECT tells about a folder. {@code highestModSeq} is 0 when the server has no CONDSTORE. */
public record FolderStatus(long uidValidity, long uidNext, long highestModSeq, int exists) {}
