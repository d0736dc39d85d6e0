window.YTD.tweet.part0 = [ {
  "retweeted" : false,
  "source" : "<a href=\"http://twitter.com\" rel=\"nofollow\">Twitter Web Client</a>",
  "entities" : {
    "hashtags" : [ {
      "text" : "musesocial",
      "indices" : [ "32", "43" ]
    } ],
    "symbols" : [ ],
    "user_mentions" : [ ],
    "urls" : [ ]
  },
  "display_text_range" : [ "0", "43" ],
  "favorite_count" : "2",
  "id_str" : "571111111111111111",
  "truncated" : false,
  "retweet_count" : "1",
  "id" : "571111111111111111",
  "created_at" : "Tue Mar 03 20:04:55 +0000 2015",
  "favorited" : false,
  "full_text" : "Back next week, same time, same #musesocial",
  "lang" : "en"
} ]
