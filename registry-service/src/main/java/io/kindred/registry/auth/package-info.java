/**
 * Who may call the API: the token endpoint's clients and secrets, token issuing and rate limits, the JWT parser
 * for Kindred's and external issuers' tokens, and the role names.
 */
package io.kindred.registry.auth;
