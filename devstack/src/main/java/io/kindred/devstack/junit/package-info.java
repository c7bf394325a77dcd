/**
 * JUnit 5 extensions over the devstack's parts, for plain (non-Quarkus) tests of every module. JUnit is a
 * {@code provided} dependency: each module's tests bring their own, and the devstack launcher carries none.
 */
package io.kindred.devstack.junit;
