/** Benchmark baseline: a Lambda bundle that holds only the DynamoDB client. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export const client = new DynamoDBClient({});
