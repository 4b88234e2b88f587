package io.atoll.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers itself, before any route runs (a path that is not valid UTF-8 once decoded, an invalid
 * percent-encoding, a URI or header block over the size limit), in Qdrant's error envelope instead of Jetty's HTML
 * page, for every method (Jetty's own handler leaves the body empty for PUT, PATCH and DELETE). Stateless.
 */
final class EnvelopeErrorHandler extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int code = response.getStatus();
        String message = (String) request.getAttribute(ERROR_MESSAGE);
        Throwable cause = null;
        if (request.getAttribute(ERROR_EXCEPTION) instanceof HttpException e) {
            code = e.getCode();
            response.setStatus(code);
            if (message == null) {
                message = e.getReason();
            }
            cause = ((Throwable) e).getCause();
        }
        if (HttpStatus.hasNoBody(code)) {
            callback.succeeded();
            return true;
        }
        if (message == null) {
            message = HttpStatus.getMessage(code);
        }
        // Jetty says only "Bad Request" for a URI it cannot decode; the cause says why
        if (cause instanceof NumberFormatException) {
            message += ": invalid percent-encoding in the request URI";
        } else if (cause != null && cause.getMessage() != null) {
            message += ": " + cause.getMessage();
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.putObject("status").put("error", (code >= 500 ? "Service internal error: " : "Bad request: ") + message);
        o.put("time", 0.0);
        byte[] body;
        try {
            body = ResponseJson.JSON.writeValueAsBytes(o);
        } catch (JsonProcessingException e) {
            callback.failed(e);
            return true;
        }
        response.getHeaders().put(ERROR_CACHE_CONTROL);
        // Jetty closes the connection after a request it could not parse; without saying so, a keep-alive client
        // sends its next request on the dead connection and gets no answer at all
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
