package io.outcry.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals, made before a request reaches Javalin (a URI that is not valid UTF-8, a request line or
 * headers too long), answered as problem JSON like every other error instead of Jetty's HTML page.
 */
final class JettyErrors extends ErrorHandler {
    /** Every method gets the body, not only GET, POST and HEAD as in Jetty's own handler. */
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        generateCacheControl(response);
        generateResponse(request, response, response.getStatus(), null, null, callback);
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        String title = HttpStatus.getMessage(code);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://outcry.io/problems/http-" + code);
        body.put("title", title);
        body.put("status", code);
        body.put("detail", code >= 500 ? "Something went wrong on our side." : "The request could not be read: "
                + title.toLowerCase(java.util.Locale.ROOT) + ".");
        byte[] bytes;
        try {
            bytes = Json.mapper().writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            bytes = "{}".getBytes(StandardCharsets.UTF_8);
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Errors.PROBLEM_JSON);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Content-Security-Policy", SecurityHeaders.CSP);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
