package com.greenex.portal.base.ui;

import com.vaadin.flow.component.UI;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Live views: every {@code period} the data is read on a background thread, then pushed to the
 * browser inside {@link UI#access} (server push). Stopped when the view is detached.
 */
@Component
public class LiveRefresh implements DisposableBean {

    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "greenex-live-refresh");
        t.setDaemon(true);
        return t;
    });

    /** Refreshes the view every {@code period} while it is attached to a UI. */
    public <T> void whileAttached(com.vaadin.flow.component.Component view, Duration period, Supplier<T> load, Consumer<T> show) {
        java.util.concurrent.atomic.AtomicReference<ScheduledFuture<?>> running = new java.util.concurrent.atomic.AtomicReference<>();
        view.addAttachListener(e -> running.set(every(period, e.getUI(), load, show)));
        view.addDetachListener(e -> {
            ScheduledFuture<?> f = running.getAndSet(null);
            if (f != null) {
                f.cancel(false);
            }
        });
    }

    public <T> ScheduledFuture<?> every(Duration period, UI ui, Supplier<T> load, Consumer<T> show) {
        return executor.scheduleWithFixedDelay(() -> {
            try {
                T data = load.get();
                ui.access(() -> show.accept(data));
            } catch (RuntimeException e) {
                ui.access(() -> com.vaadin.flow.component.notification.Notification.show(
                        ui.getTranslation("live.error", e.getMessage()), 5000, com.vaadin.flow.component.notification.Notification.Position.BOTTOM_END));
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
