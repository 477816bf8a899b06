package com.greenex.portal.config;

/** Page and size of an API list, checked: bad values are named; the offset never overflows. */
public final class Paging {

    public static final int MAX_SIZE = 1000;

    /** One page of a list, with the total to page through. */
    public record Page<T>(long total, int page, int size, java.util.List<T> items) {
    }

    private Paging() {
    }

    public static void check(int page, int size) {
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more, got " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be 1 to " + MAX_SIZE + ", got " + size);
        }
    }

    /**
     * The first row of the page, checked.
     *
     * @throws IllegalArgumentException naming the page when page × size is beyond what a list can skip
     */
    public static int offset(int page, int size) {
        check(page, size);
        long offset = (long) page * size;
        if (offset > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("page " + page + " of size " + size + " is beyond the end of any list (offset " + offset + ")");
        }
        return (int) offset;
    }
}
