package dev.postern.controller;

/** Progress of one account's fetch: messages done of those to download, bytes so far of their total size. */
public record FetchProgress(String account, int done, int total, long bytes, long totalBytes) {}
