package dev.distill.app;

/** The numeric owner a build gives to what it writes. */
record Owner(int uid, int gid) {
    static final Owner ROOT = new Owner(0, 0);
}
