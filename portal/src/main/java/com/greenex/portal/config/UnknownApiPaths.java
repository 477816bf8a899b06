package com.greenex.portal.config;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Any {@code /api/**} request no endpoint serves: 405 naming the methods when the path exists with
 * other methods, otherwise a 404 problem naming the path; never the web application's page.
 */
@RestController
class UnknownApiPaths {

    private final RequestMappingHandlerMapping mappings;

    UnknownApiPaths(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
        this.mappings = mappings;
    }

    @RequestMapping("/api/**")
    Object none(HttpServletRequest request) throws HttpRequestMethodNotSupportedException {
        Set<String> allowed = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            if (info.getMethodsCondition().getMethods().isEmpty() || info.getPathPatternsCondition() == null) {
                continue; // this catch-all, and mappings without methods
            }
            if (info.getPathPatternsCondition().getMatchingCondition(request) != null) {
                info.getMethodsCondition().getMethods().stream().map(RequestMethod::name).forEach(allowed::add);
            }
        }
        if (!allowed.isEmpty()) {
            throw new HttpRequestMethodNotSupportedException(request.getMethod(), allowed);
        }
        throw new NoSuchElementException("no API at " + request.getMethod() + " " + request.getRequestURI() + " (the API is described at /v3/api-docs)");
    }
}
