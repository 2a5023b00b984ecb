package dev.crmoutbound.ledger;

/**
 * A lead file as its source knows it. Name, size and modification time together name one drop: the
 * same file read again after a crash is the same batch, a new file under an old name is a new one.
 */
public record InputFile(String source, String name, long size, long modified) {

    public String batchKey() {
        return source + ":" + name + ":" + size + ":" + modified;
    }
}
