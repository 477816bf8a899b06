package com.greenex.portal.market;

import java.util.List;

/** Issues the green certificates that settled trades have earned; returns their serials. */
public interface CertificateIssuer {

    List<Long> issueDue() throws Exception;
}
