package dev.jeton.config;

import dev.jeton.grant.CoreViolationFixture;

/**
 * What LayeringTest must catch: the foundation importing the core (and so a cycle between
 * {@code config} and {@code grant}). Test code only; never deployed.
 */
public class UpwardImportFixture {

    CoreViolationFixture core;
}
