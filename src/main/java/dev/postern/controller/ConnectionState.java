package dev.postern.controller;

public enum ConnectionState { UNKNOWN, CONNECTING, ONLINE, OFFLINE }
