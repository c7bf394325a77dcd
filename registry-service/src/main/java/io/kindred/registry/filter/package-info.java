/**
 * Run:ai's list parameters: {@code filterBy} expressions ({@code <field><op><value>}), offset/limit paging and strict
 * reading of the other query parameters.
 */
package io.kindred.registry.filter;
