package dev.crmoutbound.dryrun;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The dry run's view of the SFTP inbox: a file the SFTP drop has already taken (its key is in the
 * drop's repository) is being worked on, not waiting, so it is skipped; every other file is read once.
 * The drop's repository is only read, never written.
 */
public class UntakenSftpFiles extends ServiceSupport implements IdempotentRepository {

    private final IdempotentRepository takenByTheDrop;
    private final Set<String> readInThisRun = ConcurrentHashMap.newKeySet();

    public UntakenSftpFiles(IdempotentRepository takenByTheDrop) {
        this.takenByTheDrop = takenByTheDrop;
    }

    @Override
    public boolean add(String key) {
        return !takenByTheDrop.contains(key) && readInThisRun.add(key);
    }

    @Override
    public boolean contains(String key) {
        return readInThisRun.contains(key) || takenByTheDrop.contains(key);
    }

    @Override
    public boolean remove(String key) {
        return readInThisRun.remove(key);
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        readInThisRun.clear();
    }

    @Override
    protected void doStart() throws Exception {
        ServiceHelper.startService(takenByTheDrop);
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(takenByTheDrop);
    }
}
