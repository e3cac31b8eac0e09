package dev.convometer.topology;

import dev.convometer.avro.AccountVersion;
import dev.convometer.avro.BusinessAccount;
import dev.convometer.domain.pricing.AccountDraft;
import dev.convometer.domain.pricing.AccountHistory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Maps the records of the business-accounts topic (Avro {@code BusinessAccount}) to checked account histories and back. */
public final class AccountRecords {
    private AccountRecords() {
    }

    /**
     * The checked history of a record (P-ACCOUNT).
     *
     * @throws dev.convometer.domain.pricing.InvalidAccount what makes the record a dead letter {@code invalid_account}
     */
    public static AccountHistory history(BusinessAccount record) {
        List<AccountDraft.Version> versions = null;
        if (record.getVersions() != null) {
            versions = new ArrayList<>(record.getVersions().size());
            for (AccountVersion v : record.getVersions()) {
                versions.add(v == null ? null : new AccountDraft.Version(v.getValidFrom() == null ? null : v.getValidFrom().toEpochMilli(),
                        v.getWabaId(), v.getPortfolioId(), v.getTimeZone(), v.getCurrency()));
            }
        }
        return AccountHistory.of(new AccountDraft(record.getBusinessId(), versions));
    }

    /** The record that carries {@code history} (publish writes checked histories only). */
    public static BusinessAccount record(AccountHistory history) {
        List<AccountVersion> versions = history.versions().stream()
                .map(v -> new AccountVersion(v.validFrom() == null ? null : Instant.ofEpochMilli(v.validFrom()), v.wabaId(),
                        v.portfolioId(), v.timeZone().getId(), v.currency()))
                .toList();
        return new BusinessAccount(history.businessId(), versions);
    }
}
