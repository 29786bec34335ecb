package dev.postern.model;

public enum Protocol { IMAP, POP3 }
