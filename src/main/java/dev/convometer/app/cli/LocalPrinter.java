package dev.convometer.app.cli;

import dev.convometer.app.local.CommittedOutputs;
import dev.convometer.app.traffic.BillingJson;
import dev.convometer.app.traffic.OutputFiles;
import dev.convometer.avro.PricedConversation;
import dev.convometer.avro.PricedConversationVoided;
import dev.convometer.avro.PricedMessage;
import java.io.PrintStream;
import java.io.Writer;
import org.apache.avro.specific.SpecificRecord;

/**
 * What {@code local} does with each committed output: conversations opened and voided, and priced records emitted and
 * voided, are printed to stdout; each output is written to its file, where one was asked for. Under {@code --follow} it
 * flushes the files after every record, so that they can be followed too.
 */
final class LocalPrinter {
    /** The file of each output, null where none was asked for. */
    record Writers(Writer opened, Writer rejected, Writer voided, Writer withdrawn, Writer pricedConversations,
                 Writer pricedMessages, Writer pricedConversationsVoided, Writer pricedMessagesVoided) {
    }

    private final PrintStream out;
    private final OutputFiles outputs;
    private final Writers files;
    private boolean flushEach;

    LocalPrinter(PrintStream out, OutputFiles outputs, Writers files) {
        this.out = out;
        this.outputs = outputs;
        this.files = files;
    }

    void flushEach() {
        flushEach = true;
    }

    /** Conversations, opened and voided, and priced records are printed and written; rejections, and their withdrawals, written. */
    CommittedOutputs.Listener listener() {
        return new CommittedOutputs.Listener(
                conversation -> print(files.opened(), BillingJson.opened(conversation)),
                rejection -> write(files.rejected(), BillingJson.rejected(rejection)),
                conversation -> print(files.voided(), BillingJson.voided(conversation)),
                rejection -> write(files.withdrawn(), BillingJson.withdrawn(rejection)),
                record -> print(pricedFile(record), BillingJson.record(record)));
    }

    /** Replay's priced files: each of the four priced record types has its own. */
    private Writer pricedFile(SpecificRecord record) {
        if (record instanceof PricedConversation) {
            return files.pricedConversations();
        }
        if (record instanceof PricedMessage) {
            return files.pricedMessages();
        }
        return record instanceof PricedConversationVoided ? files.pricedConversationsVoided() : files.pricedMessagesVoided();
    }

    private void print(Writer file, String line) {
        out.println(line);
        write(file, line);
    }

    private void write(Writer file, String line) {
        OutputFiles.writeLine(file, line);
        if (flushEach) {
            outputs.flush();
        }
    }
}
