/**
 * What every layer uses to refuse a request: {@link io.kindred.registry.errors.ApiException} (status, message,
 * details), Run:ai's error body, a {@link io.kindred.registry.errors.Problem} at a JSON path of the request, and
 * strict UUID reading that answers a 400 naming the field.
 */
package io.kindred.registry.errors;
