package dev.crmoutbound.salesforce;

import org.apache.camel.component.salesforce.api.dto.AbstractQueryRecordsBase;

/** A page of a SOQL query's result: its records, and where the next page is (nextRecordsUrl) until done. */
public class SalesforceRecordPage extends AbstractQueryRecordsBase<SalesforceRecord> {
}
