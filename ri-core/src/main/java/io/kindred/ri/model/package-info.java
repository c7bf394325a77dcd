/**
 * The Resource Interface (RI) v1alpha1 schema ({@code optimization.nvidia.com/v1alpha1}) as immutable records.
 *
 * <p>Conventions shared by every record here:
 * <ul>
 *   <li>an optional scalar or object that is absent is {@code null};</li>
 *   <li>a list is never {@code null} — absent means empty — and is unmodifiable;</li>
 *   <li>defaults that the CRD declares (the condition field names) are applied on construction, so two RIs that
 *       differ only by spelling a default out are equal.</li>
 * </ul>
 * Records do not validate meaning; {@link io.kindred.ri.validate.RiValidator} does. They are built by
 * {@link io.kindred.ri.RiParser}, which also writes them back as canonical JSON.
 */
package io.kindred.ri.model;
