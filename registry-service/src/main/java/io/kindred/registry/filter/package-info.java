/**
 * Run:ai's {@code filterBy} expressions ({@code <field><op><value>}) and strict reading of query parameters.
 */
package io.kindred.registry.filter;
