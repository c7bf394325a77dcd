package io.kindred.registry.api;

import io.kindred.registry.errors.Problem;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Tells whoever registers a type about ri-core's warnings without changing Run:ai's response shape: one HTTP
 * {@code Warning} header per finding (code 299 "miscellaneous persistent warning", as the Kubernetes API server uses
 * for admission warnings, which kubectl and most HTTP clients print), and a log line.
 */
final class RiWarnings {

    /** Enough for every finding of a sensible request; a header block must stay well under the HTTP limits. */
    static final int MAX_HEADERS = 32;
    private static final Logger LOG = Logger.getLogger(RiWarnings.class);

    private RiWarnings() {
    }

    static <T> RestResponse<T> attach(RestResponse<T> response, List<Problem> warnings, String what) {
        if (warnings.isEmpty()) {
            return response;
        }
        LOG.infof("%s accepted with %d warning(s): %s", what, warnings.size(), warnings);
        RestResponse.ResponseBuilder<T> builder = RestResponse.ResponseBuilder.fromResponse(response);
        int shown = Math.min(warnings.size(), MAX_HEADERS);
        for (int i = 0; i < shown; i++) {
            builder.header("Warning", header(warnings.get(i).toString()));
        }
        if (warnings.size() > shown) {
            builder.header("Warning", header((warnings.size() - shown) + " more warnings (see the preview endpoint)"));
        }
        return builder.build();
    }

    /** {@code 299 - "text"} with the text made a valid quoted-string on one line. */
    static String header(String text) {
        StringBuilder quoted = new StringBuilder("299 - \"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                quoted.append(' ');
            } else if (c > 0xff) {
                quoted.append('?'); // header values are ISO-8859-1
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
