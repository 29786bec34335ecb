package dev.postern.backend;

import dev.postern.model.Query;
import java.util.SortedSet;

/** Runs a search on the server, so nothing has to be downloaded to find what matches. */
public interface Searcher {

    /** UIDs of the folder's messages that match, ascending. */
    SortedSet<Long> search(String folder, Query query);
}
