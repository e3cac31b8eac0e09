package dev.convometer.app.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The service's periodic progress line survives a failure of one run. */
class BillingServiceProgressTest {

    @Test
    void shouldKeepLoggingProgressWhenOneRunThrows() throws InterruptedException {
        CountDownLatch runs = new CountDownLatch(3);
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try {
            executor.scheduleAtFixedRate(BillingService.logFailures(() -> {
                runs.countDown();
                throw new IllegalStateException("metrics not ready");
            }), 0, 10, TimeUnit.MILLISECONDS);

            // unwrapped, the first exception would cancel every later run
            assertThat(runs.await(60, TimeUnit.SECONDS)).as("runs after a failed one").isTrue();
        } finally {
            executor.shutdownNow();
        }
    }
}
